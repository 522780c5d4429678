"""``desk.mail``: documents sent by e-mail (being built)."""


class MailService:
    def __init__(self, desk):
        self._desk = desk
