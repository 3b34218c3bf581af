"""One edition at a time: localize, run (papermill), export (nbconvert, WeasyPrint), publish."""
