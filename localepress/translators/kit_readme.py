"""The kit's README.txt, in the kit's target language: what is in it and what to send back."""

from __future__ import annotations

_TEXTS = {
    "en": """Translation kit: French → English (localepress)

This kit holds:
{files}
  memory.tmx    the translation memory (TMX 1.4b): every approved French → English
                pair of the project ({memory} segments)
  termbase.tbx  the glossary (TBX-Basic): approved terms, terms that stay in French,
                forbidden variants ({terms} terms)
  review.docx   the same segments as a table, for a reviewer who works in Word

What to do
  1. Open the XLIFF files in your CAT tool (Trados, memoQ, Phrase, OmegaT…), with
     memory.tmx and termbase.tbx as references.
  2. Translate or correct the targets. Keep every tag: tags stand for formatting, links
     and fields such as {{date}}. A segment whose tags were removed or duplicated is
     refused when it comes back.
  3. Do not change the segment ids, the French source or the notes from localepress.
  4. Confirm a segment (state "translated") when its translation is final; a segment
     left in draft comes back as "needs review".

What to send back
  The XLIFF files as your tool saves them, under the same names. Or, if you worked in
  Word, review.docx: change the third column only, set Status to "translated" when a
  translation is final, and write remarks in the last column.
""",
    "es": """Kit de traducción: francés → español (localepress)

Este kit contiene:
{files}
  memory.tmx    la memoria de traducción (TMX 1.4b): todos los pares francés → español
                aprobados del proyecto ({memory} segmentos)
  termbase.tbx  el glosario (TBX-Basic): términos aprobados, términos que se quedan en
                francés, variantes prohibidas ({terms} términos)
  review.docx   los mismos segmentos en una tabla, para un revisor que trabaja con Word

Qué hacer
  1. Abra los archivos XLIFF en su herramienta de TAO (Trados, memoQ, Phrase, OmegaT…),
     con memory.tmx y termbase.tbx como referencia.
  2. Traduzca o corrija las traducciones. Conserve todas las etiquetas: representan el
     formato, los enlaces y campos como {{date}}. Un segmento cuyas etiquetas se hayan
     borrado o duplicado se rechaza a la vuelta.
  3. No cambie los identificadores de los segmentos, el texto francés ni las notas de
     localepress.
  4. Confirme un segmento (estado "translated") cuando su traducción sea definitiva; un
     segmento que quede como borrador vuelve como "pendiente de revisión".

Qué devolver
  Los archivos XLIFF tal como los guarda su herramienta, con los mismos nombres. O, si ha
  trabajado con Word, review.docx: cambie solo la tercera columna, ponga "translated" en
  Status cuando una traducción sea definitiva y escriba sus observaciones en la última
  columna.
""",
    "oc": """Kit de traduccion : francés → occitan (localepress)

Aqueste kit conten :
{files}
  memory.tmx    la memòria de traduccion (TMX 1.4b) : totas las parelhas francés →
                occitan aprovadas del projècte ({memory} segments)
  termbase.tbx  lo glossari (TBX-Basic) : tèrmes aprovats, tèrmes que demòran en
                francés, variantas defendudas ({terms} tèrmes)
  review.docx   los meteisses segments dins una taula, per un relector que trabalha
                amb Word

De far
  1. Dobrissètz los fichièrs XLIFF dins vòstra aisina de traduccion (Trados, memoQ,
     Phrase, OmegaT…), amb memory.tmx e termbase.tbx coma referéncia.
  2. Tradusètz o corregissètz las traduccions. Gardatz totas las balisas : representan
     la mesa en forma, los ligams e de camps coma {{date}}. Se las balisas d'un segment
     son suprimidas o dobladas, lo segment es refusat al retorn.
  3. Cambietz pas los identificants dels segments, lo tèxte francés nimai las nòtas de
     localepress.
  4. Confirmatz un segment (estat "translated") quand sa traduccion es definitiva ; un
     segment que demòra en borrolhon tòrna coma "de relegir".

De tornar
  Los fichièrs XLIFF coma los enregistra vòstra aisina, amb los meteisses noms. O, se
  avètz trabalhat amb Word, review.docx : cambiatz pas que la tresena colomna, metètz
  "translated" dins Status quand una traduccion es definitiva e escrivètz vòstras
  remarcas dins la darrièra colomna.
""",
}
_FILE_LINE = {
    "en": "  {name:<13} XLIFF {version}, {count} segments",
    "es": "  {name:<13} XLIFF {version}, {count} segmentos",
    "oc": "  {name:<13} XLIFF {version}, {count} segments",
}


def readme(lang: str, version: str, files: dict[str, int], memory: int, terms: int) -> bytes:
    """README.txt for a kit: `files` maps each XLIFF file name to its number of segments."""
    lines = "\n".join(
        _FILE_LINE[lang].format(name=name, version=version, count=count)
        for name, count in files.items()
    )
    return _TEXTS[lang].format(files=lines, memory=memory, terms=terms).encode("utf-8")
