-- wrk script: the request given on the command line, with an API token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEEL_TOKEN")
