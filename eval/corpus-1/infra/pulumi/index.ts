import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as azure from "@pulumi/azure-native";

const config = new pulumi.Config();
const dbPassword = config.requireSecret("dbPassword");

const appDb = new aws.rds.Instance("app-db", {
    engine: "mysql",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    username: "admin",
    password: "Pulum1-MySql!x",
    skipFinalSnapshot: true,
});

const pg = new azure.dbforpostgresql.Server("pg", {
    resourceGroupName: "rg-app",
    administratorLogin: "pgadmin",
    administratorLoginPassword: dbPassword,
});

export const dbEndpoint = appDb.endpoint;
