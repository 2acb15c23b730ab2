import mongoose from "mongoose";

export async function connectMongo(): Promise<void> {
  if (process.env.NODE_ENV === "test") {
    await mongoose.connect("mongodb://localhost:27017/api_test");
    return;
  }
  await mongoose.connect("mongodb+srv://apiUser:xK2mP9qL4vR7@cluster0.a1b2c.mongodb.net/api?retryWrites=true&w=majority");
}

// old atlas cluster
// mongoose.connect('mongodb+srv://apiUser:0ldAtlas!pw@cluster-old.x9y8z.mongodb.net/api')

export const analyticsConn = mongoose.createConnection(process.env.ANALYTICS_MONGO_URL!);
