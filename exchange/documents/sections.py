"""What documents add to other pages: the posting's forms, the cadre's résumé lines."""

from flask import current_app

from exchange import policy
from exchange.documents.resume import configured_separator, resume_of
from exchange.extensions import db
from exchange.postings.queries import postings_of_cadre
from exchange.web import sections


def _posting_documents(user, posting):
    return {} if policy.can_download_posting_documents(user, posting) else None


def _cadre_resume(user, cadre):
    postings = (
        db.session.scalars(postings_of_cadre(cadre.id).where(policy.posting_scope(user)))
        .unique()
        .all()
    )
    resume = resume_of(cadre, postings, configured_separator(current_app.config))
    if resume.current is None and not resume.earlier:
        return None
    return resume


sections.add("posting", "documents/_posting.html", _posting_documents, order=45)
sections.add("cadre", "documents/_cadre_resume.html", _cadre_resume, order=30)
