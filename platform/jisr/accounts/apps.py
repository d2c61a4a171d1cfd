from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jisr.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from jisr.accounts import notices

        user_logged_in.connect(notices.signed_in, dispatch_uid="jisr-new-device-notice")
