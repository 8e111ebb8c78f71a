"""Domain errors raised by services and mapped onto forms by views."""


class DomainError(Exception):
    """A business rule refused the change.

    ``reasons`` is a list of ``(field, message)`` pairs; ``field`` names the form
    field the message belongs to, or ``None`` for the form as a whole.
    """

    def __init__(self, reasons):
        if isinstance(reasons, str):
            reasons = [(None, reasons)]
        self.reasons = [(field, message) for field, message in reasons]
        super().__init__("; ".join(str(m) for _, m in self.reasons))


class ConflictError(DomainError):
    """Someone else changed the record since the form was opened (HTTP 409)."""


def apply_to_form(error: DomainError, form) -> None:
    """Put each reason next to its field; reasons without a field go to ``form.form_errors``."""
    for field_name, message in error.reasons:
        field = getattr(form, field_name, None) if field_name else None
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(message)
        else:
            form.form_errors.append(message)
