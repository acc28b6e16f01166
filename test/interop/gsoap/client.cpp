// imwsi interop client for gSOAP (C++), driven by test/interop/gsoap.test.ts, which generates the stubs from
// the served WSDL (wsdl2h + soapcpp2 -j; wsdl2h emits #import "wsse.h" itself, from the WSDL's WS-SecurityPolicy,
// so the SOAP header can carry WS-Security) and compiles this file against them with the wsse plugin (wsseapi,
// smdevp, mecevp; OpenSSL).
// soapcpp2 names the proxy after the WSDL binding (InstantMessagingSoapBinding from the SOAP 1.1 view,
// InstantMessagingSoap12Binding from the SOAP 1.2 one), so the build passes the names in: -DIM_PROXY=<class>,
// -DIM_PROXY_H="<its header>", -DIM_NSMAP="<namespace table>".
// Usage: client USER PASSWORD OTHER_RECIPIENT CONTENT_BASE64
// Sends CONTENT to USER and OTHER_RECIPIENT, reads it back from USER's inbox, acknowledges it, provokes one
// fault, and prints one JSON report on stdout. The endpoint is the soap:address of the served WSDL.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include IM_PROXY_H
#include IM_NSMAP
#include "wsseapi.h"

using Proxy = IM_PROXY;

static std::string json(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out + "\"";
}

static std::string hex(const unsigned char *p, int n) {
  static const char *digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < n; i++) out += digits[p[i] >> 4], out += digits[p[i] & 15];
  return out;
}

// A new UsernameToken (fresh nonce, current Created) before every call: the gateway refuses a replayed nonce.
static void authenticate(Proxy &proxy, const char *user, const char *password) {
  soap_wsse_delete_Security(proxy.soap);
  soap_wsse_add_UsernameTokenDigest(proxy.soap, nullptr, user, password);
}

static int fail(Proxy &proxy, const char *step) {
  std::fprintf(stderr, "%s failed: ", step);
  proxy.soap_stream_fault(std::cerr);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s USER PASSWORD OTHER_RECIPIENT CONTENT_BASE64\n", argv[0]);
    return 2;
  }
  const char *user = argv[1], *password = argv[2], *other = argv[3];
  Proxy proxy(SOAP_C_UTFSTRING);
  // The generated code never registers plugins (wsdl2h only says to, in im.h). The UsernameToken calls below
  // were measured to work without it too; it is kept as gSOAP documents it, and signatures would need it.
  soap_register_plugin(proxy.soap, soap_wsse);

  int size = 0;
  const char *bytes = soap_base642s(proxy.soap, argv[4], nullptr, 0, &size);
  std::ostringstream report;
  report << "{\"stack\":" << json("gsoap " + std::to_string(GSOAP_VERSION));

  // SendMessages: one message to the caller and one other recipient.
  _ns1__SendMessages send;
  ns1__OutboundMessage message;
  message.soap_default(proxy.soap);
  message.recipient = {user, other};
  std::string contentType = "text/plain; charset=utf-8", subject = "gsoap interop";
  std::string clientMessageId = std::string("gsoap-") + soap_rand_uuid(proxy.soap, "");
  message.contentType = &contentType;
  message.subject = &subject;
  message.clientMessageId = &clientMessageId;
  message.content.__ptr = (unsigned char *)bytes;
  message.content.__size = size;
  send.message.push_back(&message);
  _ns1__SendMessagesResponse sent;
  authenticate(proxy, user, password);
  if (proxy.SendMessages(&send, sent) != SOAP_OK || sent.result.empty()) return fail(proxy, "SendMessages");
  const ns1__SendResult &result = *sent.result[0];
  report << ",\"messageId\":" << json(result.messageId)
         << ",\"expiresAt\":" << json(soap_dateTime2s(proxy.soap, result.expiresAt)) << ",\"recipientStatus\":[";
  for (size_t i = 0; i < result.recipientResult.size(); i++)
    report << (i ? "," : "") << json(result.recipientResult[i]->status);
  report << "]";

  // GetMessages with a long poll, then AckMessages with the batch's token.
  _ns1__GetMessages get;
  int wait = 5;
  get.waitSeconds = &wait;
  _ns1__GetMessagesResponse batch;
  authenticate(proxy, user, password);
  if (proxy.GetMessages(&get, batch) != SOAP_OK) return fail(proxy, "GetMessages");
  int received = 0;
  for (const ns1__InboxMessage *m : batch.message) {
    if (m->messageId != result.messageId) continue;
    if (received++ == 0)
      report << ",\"receivedHex\":" << json(hex(m->content.__ptr, m->content.__size))
             << ",\"sequenceNumber\":" << m->sequenceNumber << ",\"sender\":" << json(m->sender ? *m->sender : "");
  }
  report << ",\"received\":" << received;

  _ns1__AckMessages ack;
  ack.ackToken = batch.ackToken;
  _ns1__AckMessagesResponse acked;
  authenticate(proxy, user, password);
  if (proxy.AckMessages(&ack, acked) != SOAP_OK) return fail(proxy, "AckMessages");
  report << ",\"acknowledged\":" << acked.acknowledged;

  // An unknown message id: the fault detail is deserialized into the WSDL's ServiceException type.
  _ns1__GetDeliveryStatus query;
  query.messageId = "no-such-message";
  _ns1__GetDeliveryStatusResponse status;
  authenticate(proxy, user, password);
  if (proxy.GetDeliveryStatus(&query, status) == SOAP_OK) {
    report << ",\"fault\":null";
  } else {
    // gSOAP keeps a SOAP 1.1 <detail> and a SOAP 1.2 <env:Detail> in different members of the fault.
    const SOAP_ENV__Fault *envelopeFault = proxy.soap->fault;
    const SOAP_ENV__Detail *detail =
        !envelopeFault ? nullptr : envelopeFault->detail ? envelopeFault->detail : envelopeFault->SOAP_ENV__Detail;
    const ns1__ServiceExceptionDetail *exception = detail ? detail->ns1__ServiceException : nullptr;
    const char *code = *soap_faultcode(proxy.soap);
    report << ",\"fault\":{\"faultcode\":" << json(code ? code : "");
    if (exception) {
      report << ",\"type\":\"ServiceException\",\"messageId\":" << json(exception->messageId)
             << ",\"text\":" << json(exception->text) << ",\"variables\":[";
      for (size_t i = 0; i < exception->variables.size(); i++) report << (i ? "," : "") << json(exception->variables[i]);
      report << "]";
    }
    report << "}";
  }
  report << "}";
  std::printf("%s\n", report.str().c_str());
  proxy.destroy();
  return 0;
}
