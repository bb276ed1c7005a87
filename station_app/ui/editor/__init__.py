"""The consultation editor: one record through 选题 → 调研 → 协商 → 转化 → 评价."""
