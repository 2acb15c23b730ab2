import request from "supertest";
import { app } from "../src/app";

describe("POST /login", () => {
  it("logs in a valid user", async () => {
    const res = await request(app)
      .post("/login")
      .send({ username: "alice", password: "Alice#2024" });
    expect(res.status).toBe(200);
  });

  it("rejects a bad password", async () => {
    const res = await request(app).post("/login").send({ username: "alice", password: "wrong" });
    expect(res.status).toBe(401);
  });

  it("registers", async () => {
    const body = { "email": "carol@example.com", "password": "C4rol!Signup", "passwordConfirm": "C4rol!Signup" };
    await request(app).post("/register").send(body).expect(201);
  });
});
