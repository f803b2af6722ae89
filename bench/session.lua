-- wrk script: the request given on the command line, with a session cookie.
wrk.headers["Cookie"] = "keel_session=" .. os.getenv("KEEL_SESSION")
