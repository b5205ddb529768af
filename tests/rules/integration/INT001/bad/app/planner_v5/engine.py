from app.planner_v5.rules import RULES


class Engine:
    rules = RULES
