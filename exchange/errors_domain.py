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


def refuse(error: DomainError, form) -> int:
    """Undo the request's changes, put the reasons on the form, and return the status.

    409 when someone else changed the record first, 400 for any other refusal.
    """
    from exchange.extensions import db

    db.session.rollback()
    apply_to_form(error, form)
    return 409 if isinstance(error, ConflictError) else 400
