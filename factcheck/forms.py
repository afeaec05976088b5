"""Form helpers every app's HTML views share."""

from django.core.exceptions import ValidationError


def form_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form. Errors for fields the form does not show (an anchor, say)
    still reach the user, as errors of the whole form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)
