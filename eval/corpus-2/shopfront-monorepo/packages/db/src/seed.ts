import { PrismaClient } from '@prisma/client';
import bcrypt from 'bcryptjs';

const prisma = new PrismaClient();

async function main() {
  await prisma.user.upsert({
    where: { email: 'admin@shop.test' },
    update: {},
    create: {
      email: 'admin@shop.test',
      passwordHash: await bcrypt.hash('Adm1n-Seed!', 10),
    },
  });
  await prisma.user.upsert({
    where: { email: 'demo@shop.test' },
    update: {},
    create: {
      email: 'demo@shop.test',
      passwordHash: '$2b$12$0GSAxu89WQWltZPkoNnXPxDsNIREiQ5xvDIM2Kk97pvoLn.WBFoyi',
    },
  });
}

main().finally(() => prisma.$disconnect());
