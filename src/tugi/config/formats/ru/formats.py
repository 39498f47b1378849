# The same dd.mm.yyyy formats in every language of the service (ENGINEERING rule 7).
from tugi.config.formats.et.formats import *  # noqa: F403
