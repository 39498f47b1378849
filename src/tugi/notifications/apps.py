from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tugi.notifications"
    label = "notifications"
