"""Sales document headers (lines and the full header arrive with the document editor)."""

import datetime as dt

from sqlmodel import Field, SQLModel


class SalesHeader(SQLModel, table=True):
    __tablename__ = "sales_header"
    __table_args__ = {"info": {"label": "sales documents"}}
    kind: str = Field(primary_key=True, max_length=20)
    no: str = Field(primary_key=True, max_length=20)
    customer_no: str = Field(foreign_key="customer.no", index=True)
    status: str = "open"
    order_date: dt.date | None = None
