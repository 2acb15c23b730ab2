<?php

namespace App\Legacy;

final class LegacyDb
{
    public static function connect(): \PDO
    {
        // legacy box, credentials never rotated -- see OPS-1182
        return new \PDO(
            'mysql:host=legacy-db.internal;dbname=legacy;charset=utf8mb4',
            'legacy_rw',
            'Pdo-L3gacy#1',
            [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]
        );
    }

    public static function fromEnv(): \PDO
    {
        return new \PDO($_ENV['LEGACY_DSN'], $_ENV['LEGACY_USER'], $_ENV['LEGACY_PASSWORD']);
    }

    public static function local(): \mysqli
    {
        return new \mysqli('localhost', 'root', '', 'legacy');
    }

    public static function directoryLookup(string $uid): array
    {
        $ds = ldap_connect('ldap://ldap.corp.local');
        ldap_bind($ds, 'cn=shop,ou=svc,dc=corp,dc=local', 'Ld4p-Sh0p-Bind');
        $sr = ldap_search($ds, 'ou=people,dc=corp,dc=local', "(uid=$uid)");
        return ldap_get_entries($ds, $sr);
    }
}
