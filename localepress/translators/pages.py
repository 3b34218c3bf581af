"""The internal pages a workflow run writes beside its pack: review pages and the status page."""

from __future__ import annotations

from localepress.project import Project
from localepress.translators.review import write_reviews
from localepress.translators.status import STATUS_DOC, publish_status


def write_translator_pages(project: Project, workflow, targets: list[str], result, force: bool):
    """Internal pages beside the pack, never in it: the review page of each target language
    (output/review/) and the translation status notebook (output/status/fr/). Each is rebuilt
    only when what it shows changed, so a run that changes nothing stays cheap. A catalog that
    cannot be read (its language gated out) is named on its page instead of stopping the run."""
    editions = project.output / workflow.name
    result.reviews = write_reviews(
        project, targets, workflow.documents, editions=editions, force=force, skip_unreadable=True
    )
    if project.notebook(STATUS_DOC).exists():
        result.status = publish_status(
            project, targets, workflow.documents, workflow.name, force=force
        )
