"""The ledger buttons' words, shared by the topic list (which shows them at start) and the ledger
dialogs (loaded when first used)."""

IMPORT_TEXT = "从Excel台账导入…"
TEMPLATE_TEXT = "下载台账模板…"
