import asyncio
import tomllib

import requests
from PIL import Image
from bs4 import BeautifulSoup
import google.generativeai as genai
import cv2
from app import helpers
