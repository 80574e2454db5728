"""Date and time formats per language (settings.FORMAT_MODULE_PATH): one unambiguous style each, "4 Dec 2026" and
"4 дек. 2026 г.", with 24-hour times. Django falls back to its own locale formats for what is not named here."""
