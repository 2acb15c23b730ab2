from django.contrib.auth import get_user_model
from django.test import TestCase


class LoginApiTests(TestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_user("alice", password="Alice#2024")
        get_user_model().objects.create_user("bob", password="B0b-Test!pw")

    def test_login(self):
        resp = self.client.post("/api/login/", {"username": "alice", "password": "Alice#2024"}, content_type="application/json")
        self.assertEqual(resp.status_code, 200)

    def test_bad_password(self):
        resp = self.client.post("/api/login/", {"username": "alice", "password": "nope"})
        self.assertEqual(resp.status_code, 401)
