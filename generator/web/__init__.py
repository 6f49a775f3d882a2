"""The web app: `playbook serve`, the book, plans, decisions and documents in the browser."""
