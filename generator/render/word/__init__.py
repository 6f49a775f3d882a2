"""The council charter as a Word document, with the very words of its PDF, for the customer to redline."""
