"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2): our categories as services, incidents as
service requests, and residents' reports from Open311 clients into the inbox.

`views` answers /open311/v2/…; `services` and `service_requests` build the spec's records (no
personal data: masked texts, no author fields); `intake` takes a POSTed request in like the web
form (raw payload first); `formats` writes them as the spec's XML or JSON; `limits` bounds what a
client may send.
"""
