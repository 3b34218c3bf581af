"""What translators and analysts use beside the run: review pages, status, pretranslation."""
