import amqp from "amqplib";

export async function connectQueue() {
  const local = await amqp.connect("amqp://guest:guest@localhost:5672");
  const prod = await amqp.connect("amqps://api:Rmq-Pr0d-pw@rabbit.internal:5671/api");
  return { local, prod };
}
