# Sourced by the examples in this folder (needs $here and $base):
# call <operation> <inner XML> [user password]: without a user, no WS-Security header (Register only).
# The service is Accounts unless $service says otherwise (SendMessages as an alias uses InstantMessaging).
service=Accounts
call() {
  local header=''
  if [ $# -ge 4 ]; then header="<soap:Header>$(node "$here/../../bin/imwsi.js" wsse --user "$3" --password "$4")</soap:Header>"; fi
  echo "== $1"
  curl -sS -X POST "$base/wsi/$service" -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- <<XML
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://imwsi.org/wsi/$service/v1">
  $header<soap:Body><a:$1>$2</a:$1></soap:Body>
</soap:Envelope>
XML
  echo
}

