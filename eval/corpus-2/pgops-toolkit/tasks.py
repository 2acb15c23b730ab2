from invoke import task


@task
def psql(c, env="staging"):
    """Open psql against an environment."""
    urls = {
        "local": "postgresql://postgres:postgres@localhost:5432/app",
    }
    c.run(f"psql {urls[env]}", pty=True)


@task
def createrole(c):
    c.run('psql -U postgres -h localhost -c "CREATE ROLE app LOGIN PASSWORD \'app-r0le-pw\';"')


@task
def vault_login(c):
    c.run("vault login -method=userpass username=ops password=$VAULT_PASSWORD")
