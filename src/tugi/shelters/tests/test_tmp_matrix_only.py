# TEMPORARY (deleted before the report): the matrix test with only this area's world built.
from tugi.access.tests import matrix as _m

_m.AREAS = ["matrix_shelters"]

from tugi.access.tests.test_permission_matrix import shared, test_matrix  # noqa: E402,F401
