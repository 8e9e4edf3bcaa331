vcl 4.1;
# newsgraph behind Varnish 7: round robin over the replicas with failover, a shared HTTP cache for
# GET (persisted) operations, feeds and sitemaps that follows the Cache-Control newsgraph sends
# (the same rules as deploy/nginx/newsgraph.conf), and purge by tag: each replica sends the tags
# of every public content change (NEWSGRAPH_PURGE_URLS), and Varnish drops exactly the stored
# answers whose Surrogate-Key named one of them (the xkey vmod, Debian's varnish-modules).
# tests/ops/varnish.test.ts runs this very file with the replica addresses swapped for loopback.

import directors;
import std;
import xkey;

# A replica counts as up once /readyz answers (its seeds are loaded); start optimistic, as nginx.
probe newsgraph_ready {
    .url = "/readyz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend newsgraph_1 {
    .host = "newsgraph-1";
    .port = "4000";
    .probe = newsgraph_ready;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

backend newsgraph_2 {
    .host = "newsgraph-2";
    .port = "4000";
    .probe = newsgraph_ready;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the replicas (they send the tags of each change) and this host. Anyone else
# could empty the cache at will and send all traffic to the replicas.
acl newsgraph_purgers {
    "localhost";
    "newsgraph-1";
    "newsgraph-2";
}

sub vcl_init {
    new newsgraph = directors.round_robin();
    newsgraph.add_backend(newsgraph_1);
    newsgraph.add_backend(newsgraph_2);
}

sub vcl_recv {
    # Keep the caller's request id when newsgraph would accept it ([A-Za-z0-9_.:-]{1,128}),
    # otherwise make one; it goes to the replica, into varnishncsa's log and back to the caller.
    if (req.restarts == 0) {
        if (req.http.X-Request-Id !~ "^[A-Za-z0-9_.:-]{1,128}$") {
            set req.http.X-Request-Id = regsuball(server.identity, "[^A-Za-z0-9_.-]", "") +
                ":" + std.integer(time=now) + ":" + req.xid;
        }
        # Only this file sets its own bookkeeping headers, never the caller.
        unset req.http.X-Newsgraph-Cache;
        unset req.http.X-Newsgraph-Failed;
    }

    # Purge by tag: `PURGE /` with the tags in `xkey-purge`, separated by spaces.
    if (req.method == "PURGE") {
        if (client.ip !~ newsgraph_purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the tags to purge in the xkey-purge header"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }

    # Metrics include draft counts. The image serves them on port 9464 only; this also covers a
    # replica run without NEWSGRAPH_METRICS_PORT. Prometheus scrapes replicas, never the edge.
    if (req.url ~ "^/metrics(\?|$)") {
        return (synth(404, "Not Found"));
    }

    set req.backend_hint = newsgraph.backend();

    # GraphQL GETs, and the feeds and sitemaps (always the public view), cached alike.
    if ((req.method == "GET" || req.method == "HEAD") &&
        req.url ~ "^/(graphql(\?|$)|feeds/|sitemaps/)") {
        # Preview requests (Authorization: Bearer …) may see drafts: never stored, never served
        # from the cache.
        if (req.http.Authorization) {
            set req.http.X-Newsgraph-Cache = "BYPASS";
            return (pass);
        }
        # No newsgraph answer depends on cookies; a site's analytics cookie must not turn every
        # browser request into a miss (Varnish's built-in rules pass anything with a Cookie).
        unset req.http.Cookie;
        set req.http.X-Newsgraph-Cache = "LOOKUP";
        return (hash);
    }

    # Everything else goes straight through. The schema has no mutations, so a POST is as safe to
    # retry on the other replica as a GET: keep its body for that (newsgraph's default limit).
    if (req.method == "POST") {
        std.cache_req_body(1MB);
    }
    return (pass);
}

sub vcl_backend_fetch {
    unset bereq.http.X-Newsgraph-Cache;
    # A retry goes to the replica that did not just fail (round robin alone could pick it again).
    if (bereq.retries > 0) {
        if (bereq.http.X-Newsgraph-Failed == "newsgraph_1") {
            set bereq.backend = newsgraph_2;
        } else if (bereq.http.X-Newsgraph-Failed == "newsgraph_2") {
            set bereq.backend = newsgraph_1;
        }
        unset bereq.http.X-Newsgraph-Failed;
    }
}

sub vcl_backend_response {
    # A replica that is stopping or overloaded: once more, on the other one.
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.retries < 1) {
        set bereq.http.X-Newsgraph-Failed = beresp.backend;
        return (retry);
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Belt and braces: a preview answer is never stored, whatever headers it came with.
    if (bereq.http.Authorization) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Like nginx, store only what newsgraph says may be stored (Cache-Control max-age/s-maxage
    # or Expires), never for Varnish's default_ttl. no-store, private and errors are left to the
    # built-in rules below, which do not store them either.
    if (beresp.http.Cache-Control !~ "(^|[ ,])(s-maxage|max-age)=" && !beresp.http.Expires) {
        set beresp.ttl = 0s;
    }
    # Serve stale only as long as newsgraph allows (stale-while-revalidate), else never: a purge
    # or an expiry means the next caller gets the new content.
    if (beresp.http.Cache-Control !~ "stale-while-revalidate=") {
        set beresp.grace = 0s;
    }
    # The tags of the answer: xkey reads its own header, newsgraph sends the CDN convention.
    # Every stored answer also gets newsgraph:everything, which a replica purges instead of a
    # backlog too long to send tag by tag (a bulk edit, an edge unreachable for a while).
    if (beresp.http.Surrogate-Key) {
        std.collect(beresp.http.Surrogate-Key, " ");
        set beresp.http.xkey = beresp.http.Surrogate-Key + " newsgraph:everything";
    } else {
        set beresp.http.xkey = "newsgraph:everything";
    }
    # Falls through to the built-in rules (no-store, private, Set-Cookie, Vary: *).
}

sub vcl_backend_error {
    # The replica did not answer (refused, reset, timed out): once more, on the other one.
    if (bereq.retries < 1) {
        set bereq.http.X-Newsgraph-Failed = beresp.backend;
        return (retry);
    }
}

sub vcl_deliver {
    # HIT, MISS (stored now, or not storable) or BYPASS (a preview request) on cacheable paths.
    if (req.http.X-Newsgraph-Cache == "BYPASS") {
        set resp.http.X-Cache-Status = "BYPASS";
    } else if (req.http.X-Newsgraph-Cache && obj.hits > 0) {
        set resp.http.X-Cache-Status = "HIT";
    } else if (req.http.X-Newsgraph-Cache) {
        set resp.http.X-Cache-Status = "MISS";
    } else {
        unset resp.http.X-Cache-Status;
    }
    # A stored answer holds the X-Request-Id of the request that filled the cache; each caller
    # gets its own instead, the one varnishncsa logs and (on a miss) the replica saw.
    set resp.http.X-Request-Id = req.http.X-Request-Id;
    # Varnish's bookkeeping; Surrogate-Key stays for a CDN in front.
    unset resp.http.xkey;
}

sub vcl_synth {
    set resp.http.X-Request-Id = req.http.X-Request-Id;
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.X-Purged = req.http.X-Purged;
    }
}
