"""What the .lrmx patch adds to the cadre page: the upload, for the cadre's home HR."""

from exchange import policy
from exchange.web import sections


def _cadre_upload(user, cadre):
    return {} if policy.can_patch_lrmx(user, cadre) else None


sections.add("cadre", "lrmx/_cadre.html", _cadre_upload, order=35)
