"""Key projects (重点项目): the ledger staff upload, its figures and lights, and the wall chart."""
