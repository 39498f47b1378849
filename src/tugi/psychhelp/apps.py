from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PsychhelpConfig(AppConfig):
    name = "tugi.psychhelp"
    label = "psychhelp"
    verbose_name = _("Psychological help")
