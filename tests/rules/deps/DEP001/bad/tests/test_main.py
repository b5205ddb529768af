import pytest
import hypothesis
