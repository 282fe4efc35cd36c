/**
 * A self-signed client certificate (no private key kept anywhere) so that fabric-shim's
 * real ClientIdentity, which parses the creator certificate, works against the fake stub.
 * Subject: /C=CN/O=org1.loulan.test/OU=client/CN=user1.
 */
export const TEST_CLIENT_CERT_PEM = `
-----BEGIN CERTIFICATE-----
MIIB6TCCAY+gAwIBAgIUBHC/UJWRT2XFxJlF1i3LfU6axNQwCgYIKoZIzj0EAwIw
STELMAkGA1UEBhMCQ04xGTAXBgNVBAoMEG9yZzEubG91bGFuLnRlc3QxDzANBgNV
BAsMBmNsaWVudDEOMAwGA1UEAwwFdXNlcjEwIBcNMjYxMTIyMjIxODM1WhgPMjEy
NjEwMjkyMjE4MzVaMEkxCzAJBgNVBAYTAkNOMRkwFwYDVQQKDBBvcmcxLmxvdWxh
bi50ZXN0MQ8wDQYDVQQLDAZjbGllbnQxDjAMBgNVBAMMBXVzZXIxMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAE0n1hJSXP7evmElgsWHAd+TeVFIua2+Siy99jDMCO
6n7JnSAtsIleV3n/GelqOYMumz3pdlHvSN/HLpuJkDYeS6NTMFEwHQYDVR0OBBYE
FJPsSeAIWo9eR5JjwOyZPV/cyVr9MB8GA1UdIwQYMBaAFJPsSeAIWo9eR5JjwOyZ
PV/cyVr9MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAK57B/mO
8NzI7zRZ6ubVwJg8oHhuiG0wRjhw1J1+3UanAiBs4aKZlL39E6qMJiL+9H0kcqNO
EWID+cXngK98HAK6sQ==
-----END CERTIFICATE-----
`.trimStart();
