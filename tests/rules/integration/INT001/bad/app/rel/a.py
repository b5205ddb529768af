from ..helpers import fmt
