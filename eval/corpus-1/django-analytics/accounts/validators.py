import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PasswordComplexityValidator:
    """Require at least one digit and one symbol in user passwords."""

    def validate(self, password, user=None):
        if not re.search(r"\d", password):
            raise ValidationError(_("The password must contain at least 1 digit."), code="password_no_digit")
        if not re.search(r"[^\w\s]", password):
            raise ValidationError(_("The password must contain at least 1 symbol."), code="password_no_symbol")

    def get_help_text(self):
        return _("Your password must contain at least 1 digit and 1 symbol.")
