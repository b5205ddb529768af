"""Orders: one sync function, one async, a method, a staticmethod."""
import asyncio


def total(prices):
    """Sum the prices."""
    return sum(prices)


async def fetch(order_id):
    await asyncio.sleep(0)
    if order_id < 0:
        raise ValueError("no such order")
    return {"id": order_id}


class Cart:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)
        return len(self.items)

    @staticmethod
    def empty():
        return Cart()


def lines(order):
    for item in order:
        yield item
