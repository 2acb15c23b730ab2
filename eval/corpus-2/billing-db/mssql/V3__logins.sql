USE [master]
GO
IF NOT EXISTS (SELECT * FROM sys.sql_logins WHERE name = 'billing_etl')
    CREATE LOGIN billing_etl WITH PASSWORD = N'Etl!B1lling2020', CHECK_POLICY = OFF;
GO
CREATE LOGIN [CORP\svc_billing] FROM WINDOWS WITH DEFAULT_DATABASE = [Billing];
GO
CREATE LOGIN billing_migrated WITH PASSWORD = 0x0200fef7a094f6ef896e3289b6f10a3a5b60c0335b1158dd61d0a65a2886c8e490b1ee5545a0bf6816299e77363d2ee837bd5e935c78461c9cc87ab59675763c0f5f2f2e669c HASHED;
GO
EXEC sp_addlinkedserver @server = N'LEGACY', @srvproduct = N'', @provider = N'SQLNCLI', @datasrc = N'legacy-sql.corp.local';
EXEC sp_addlinkedsrvlogin @rmtsrvname = N'LEGACY', @useself = N'False', @locallogin = NULL, @rmtuser = N'link_ro', @rmtpassword = N'L1nked-Srv-R0';
GO
