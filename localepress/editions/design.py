"""What an edition carries around its text: the brand assets and links of its page, its share
image and the front matter of its Markdown.

`publish` calls these per edition; they read source/brand/ and the project's revision, and
keep publish.py to the flow of the stages. Every link is relative, inside the edition's folder
or to the pack index above it, so an edition and its pack open offline.
"""

from __future__ import annotations

from localepress.editions import export
from localepress.editions import share as share_card
from localepress.editions.localize import Localized
from localepress.languages import SOURCE_LANGUAGE, Language, get_language
from localepress.project import Project, source_revision


def page(
    project: Project,
    doc: str,
    language: Language,
    localized: Localized,
    formats,
    stamp: str,
    index: str,
    *,
    alternates: list[export.Alternate],
    translate,
) -> export.Page:
    """The page of one edition: brand assets, other formats, pack index, share image."""
    brand = project.source / "brand"
    css, logo = export.brand_assets(brand)
    favicon, mark_reversed = export.brand_marks(brand)
    return export.Page(
        html_tag=language.html_tag,
        title=localized.title,
        description=localized.description,
        alternates=alternates,
        css=css,
        logo=logo,
        created=stamp,
        translate=translate,
        favicon=favicon,
        mark_reversed=mark_reversed,
        language_name=language.name,
        locale=language.territory,
        formats=[{"format": fmt, "href": f"{doc}.{fmt}"} for fmt in formats if fmt != "html"],
        index_href=index,
        share=share_address(doc) if "html" in formats else None,
        direction=language.direction,
    )


def share_address(doc: str) -> dict:
    return {"href": f"{doc}.share.png", "width": share_card.WIDTH, "height": share_card.HEIGHT}


def share(project: Project, page: export.Page) -> bytes:
    """The edition's share image: its title and subtitle in its language."""
    return share_card.share_image(project.source / "brand", page.title, page.description)


def front_matter(project: Project, doc: str, localized: Localized, lang: str, stamp: str):
    """YAML front matter of the Markdown edition: title, lang, date, original, revision."""
    front = {"title": localized.title, "lang": get_language(lang).html_tag, "date": stamp[:10]}
    if lang != SOURCE_LANGUAGE:
        front["translation_of"] = {
            "lang": SOURCE_LANGUAGE,
            "file": f"../{SOURCE_LANGUAGE}/{doc}.md",
        }
    front["source_revision"] = source_revision(project)
    return front
