def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_home_for_counsellor(org, login):
    client = login(org.counsellor)
    response = client.get("/")
    assert response.status_code == 200
    assert "Team A" in response.content.decode()
