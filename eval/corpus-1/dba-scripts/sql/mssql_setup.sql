USE [master]
GO
IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'etl_loader')
    CREATE LOGIN [etl_loader] WITH PASSWORD=N'Etl!L0ader#Ms', DEFAULT_DATABASE=[Staging], CHECK_EXPIRATION=OFF, CHECK_POLICY=OFF
GO
CREATE DATABASE SCOPED CREDENTIAL BlobCred WITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = 'sv=2022-11-02&ss=b&srt=co&sp=rl&se=2025-12-31T00:00:00Z&sig=FAKEsig%3D';
GO
EXEC sp_addlinkedserver @server = N'ORACLE_LNK', @srvproduct = N'Oracle', @provider = N'OraOLEDB.Oracle', @datasrc = N'ORCL';
EXEC sp_addlinkedsrvlogin @rmtsrvname = N'ORACLE_LNK', @useself = N'False', @locallogin = NULL, @rmtuser = N'linkuser', @rmtpassword = N'L1nked!Srv';
GO
USE [Staging]
GO
CREATE USER [contained_app] WITH PASSWORD = 'C0ntained#App';
CREATE USER [aad-etl-group] FROM EXTERNAL PROVIDER;
EXEC sp_change_users_login 'Auto_Fix', 'etl_loader', NULL, NULL;
GO
