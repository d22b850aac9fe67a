module gorca.dev/lab

go 1.19
