// imwsi interop client for the Java JAX-WS RI (Debian package jaxws, javax.xml.ws namespace), driven by
// test/interop/jaxws.test.ts.
// Usage: java -cp CLASSES:/usr/share/java/jaxws-rt.jar Client WSDL_URL USER PASSWORD OTHER_RECIPIENT CONTENT_BASE64
// The classes of package org.imwsi.wsi.instantmessaging.v1 are generated from the served WSDL by
// `wsimport -keep -Xnocompile` (add -extension for the SOAP 1.2 view). This program sends CONTENT to USER and
// OTHER_RECIPIENT, reads it back from USER's inbox, acknowledges it, provokes one fault, and prints one JSON
// report on stdout.
// The JAX-WS RI has no WS-Security of its own (that is Metro's WSIT): the UsernameToken header
// (PasswordDigest) is added by a SOAPHandler, with a fresh nonce per request.
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.soap.SOAPElement;
import javax.xml.soap.SOAPEnvelope;
import javax.xml.soap.SOAPFault;
import javax.xml.soap.SOAPHeader;
import javax.xml.soap.SOAPMessage;
import javax.xml.ws.BindingProvider;
import javax.xml.ws.Holder;
import javax.xml.ws.handler.Handler;
import javax.xml.ws.handler.MessageContext;
import javax.xml.ws.handler.soap.SOAPHandler;
import javax.xml.ws.handler.soap.SOAPMessageContext;
import org.imwsi.wsi.instantmessaging.v1.InboxMessage;
import org.imwsi.wsi.instantmessaging.v1.InstantMessagingPortType;
import org.imwsi.wsi.instantmessaging.v1.InstantMessagingService;
import org.imwsi.wsi.instantmessaging.v1.OutboundMessage;
import org.imwsi.wsi.instantmessaging.v1.RecipientResult;
import org.imwsi.wsi.instantmessaging.v1.SendResult;
import org.imwsi.wsi.instantmessaging.v1.ServiceException;
import org.imwsi.wsi.instantmessaging.v1.ServiceExceptionDetail;

public final class Client {
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String PROFILE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";
    static final String SECURITY = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0";

    /** Adds wsse:Security to every outbound message and remembers the fault code of an inbound fault. */
    static final class UsernameTokenHandler implements SOAPHandler<SOAPMessageContext> {
        private final String user;
        private final String password;
        private final SecureRandom random = new SecureRandom();
        QName lastFaultCode;

        UsernameTokenHandler(String user, String password) {
            this.user = user;
            this.password = password;
        }

        @Override
        public boolean handleMessage(SOAPMessageContext context) {
            if (!Boolean.TRUE.equals(context.get(MessageContext.MESSAGE_OUTBOUND_PROPERTY))) return true;
            try {
                // WS-Security 1.0 UsernameToken: Base64(SHA-1(nonce bytes + Created + password)).
                byte[] nonce = new byte[16];
                random.nextBytes(nonce);
                String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(nonce);
                sha1.update(created.getBytes(StandardCharsets.UTF_8));
                sha1.update(password.getBytes(StandardCharsets.UTF_8));
                String digest = Base64.getEncoder().encodeToString(sha1.digest());

                SOAPEnvelope envelope = context.getMessage().getSOAPPart().getEnvelope();
                SOAPHeader header = envelope.getHeader() != null ? envelope.getHeader() : envelope.addHeader();
                SOAPElement security = header.addChildElement("Security", "wsse", WSSE);
                security.addNamespaceDeclaration("wsu", WSU);
                SOAPElement token = security.addChildElement("UsernameToken", "wsse");
                token.addChildElement("Username", "wsse").addTextNode(user);
                token.addChildElement("Password", "wsse")
                    .addAttribute(new QName("Type"), PROFILE + "#PasswordDigest")
                    .addTextNode(digest);
                token.addChildElement("Nonce", "wsse")
                    .addAttribute(new QName("EncodingType"), SECURITY + "#Base64Binary")
                    .addTextNode(Base64.getEncoder().encodeToString(nonce));
                token.addChildElement("Created", "wsu").addTextNode(created);
                context.getMessage().saveChanges();
            } catch (Exception e) {
                throw new RuntimeException("cannot add the WS-Security header", e);
            }
            return true;
        }

        @Override
        public boolean handleFault(SOAPMessageContext context) {
            try {
                SOAPFault fault = context.getMessage().getSOAPBody().getFault();
                if (fault != null) lastFaultCode = fault.getFaultCodeAsQName();
            } catch (Exception e) {
                // the fault code is only reported, not needed
            }
            return true;
        }

        @Override
        public Set<QName> getHeaders() {
            // Headers this handler processes: none inbound. (wsse:Security goes out without mustUnderstand.)
            return Collections.emptySet();
        }

        @Override
        public void close(MessageContext context) {}
    }

    public static void main(String[] args) throws Exception {
        // The Debian saaj-impl registers itself under a deprecated service name; naming the factory here
        // avoids a logged WARNING for every message.
        if (System.getProperty("javax.xml.soap.SAAJMetaFactory") == null) {
            System.setProperty("javax.xml.soap.SAAJMetaFactory", "com.sun.xml.messaging.saaj.soap.SAAJMetaFactoryImpl");
        }
        String wsdl = args[0], user = args[1], password = args[2], other = args[3];
        byte[] content = Base64.getDecoder().decode(args[4]);

        // The generated service class, pointed at the WSDL the gateway serves now (wsimport bakes in the URL
        // it was generated from). The served view has exactly one port: SOAP 1.1 or SOAP 1.2.
        InstantMessagingService service = new InstantMessagingService(new URL(wsdl));
        Iterator<QName> ports = service.getPorts();
        QName portName = ports.next();
        InstantMessagingPortType port = service.getPort(portName, InstantMessagingPortType.class);
        UsernameTokenHandler security = new UsernameTokenHandler(user, password);
        BindingProvider provider = (BindingProvider) port;
        @SuppressWarnings("rawtypes")
        List<Handler> chain = new ArrayList<>(provider.getBinding().getHandlerChain());
        chain.add(security);
        provider.getBinding().setHandlerChain(chain);

        Map<String, Object> report = new LinkedHashMap<>();
        String version = com.sun.xml.ws.util.RuntimeVersion.VERSION.toString().replaceAll("^\\D*([0-9.]+).*$", "$1");
        report.put("stack", "jaxws-ri " + version + " (java " + System.getProperty("java.version") + ")");
        report.put("port", portName.getLocalPart());
        // The binding the runtime took from the WSDL port: SOAP 1.1 or SOAP 1.2 over HTTP.
        report.put("bindingId", provider.getBinding().getBindingID());
        report.put("endpoint", provider.getRequestContext().get(BindingProvider.ENDPOINT_ADDRESS_PROPERTY));

        OutboundMessage message = new OutboundMessage();
        message.getRecipient().add(user);
        message.getRecipient().add(other);
        message.setContentType("text/plain; charset=utf-8");
        message.setContent(content); // xsd:base64Binary is byte[]: JAXB encodes it
        message.setSubject("jaxws interop");
        message.setClientMessageId("jaxws-" + Long.toHexString(new SecureRandom().nextLong()));
        SendResult result = port.sendMessages(List.of(message)).get(0);
        report.put("messageId", result.getMessageId());
        report.put("expiresAt", result.getExpiresAt().toXMLFormat());
        List<String> statuses = new ArrayList<>();
        for (RecipientResult r : result.getRecipientResult()) statuses.add(r.getStatus());
        report.put("recipientStatus", statuses);

        // Wrapped document/literal with several response parts: wsimport maps them to Holders.
        Holder<String> ackToken = new Holder<>();
        Holder<List<InboxMessage>> inbox = new Holder<>();
        Holder<Long> pending = new Holder<>();
        Holder<javax.xml.datatype.XMLGregorianCalendar> leaseExpiresAt = new Holder<>();
        port.getMessages(null, 5, ackToken, null, inbox, pending, leaseExpiresAt);
        List<InboxMessage> mine = new ArrayList<>();
        for (InboxMessage m : inbox.value == null ? List.<InboxMessage>of() : inbox.value) {
            if (m.getMessageId().equals(result.getMessageId())) mine.add(m);
        }
        report.put("received", mine.size());
        if (!mine.isEmpty()) {
            report.put("receivedHex", hex(mine.get(0).getContent()));
            report.put("sequenceNumber", mine.get(0).getSequenceNumber());
            report.put("sender", mine.get(0).getSender());
        }
        report.put("acknowledged", port.ackMessages(ackToken.value, null));

        try {
            port.getDeliveryStatus(new Holder<>("no-such-message"), new Holder<>());
            report.put("fault", null);
        } catch (ServiceException e) {
            // The Parlay X detail, deserialized into the wsimport-generated fault bean.
            ServiceExceptionDetail detail = e.getFaultInfo();
            Map<String, Object> fault = new LinkedHashMap<>();
            QName code = security.lastFaultCode;
            fault.put("faultcode", code == null ? null : "{" + code.getNamespaceURI() + "}" + code.getLocalPart());
            fault.put("type", "ServiceException");
            fault.put("messageId", detail.getMessageId());
            fault.put("text", detail.getText());
            fault.put("variables", new ArrayList<>(detail.getVariables()));
            report.put("fault", fault);
        }
        System.out.println(json(report));
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append(String.format("%02x", b & 0xff));
        return s.toString();
    }

    /** Just enough JSON for the report: maps, lists, strings, numbers, booleans and null. */
    static String json(Object value) {
        if (value == null) return "null";
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        if (value instanceof Map) {
            StringBuilder s = new StringBuilder("{");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (s.length() > 1) s.append(',');
                s.append(json(String.valueOf(e.getKey()))).append(':').append(json(e.getValue()));
            }
            return s.append('}').toString();
        }
        if (value instanceof List) {
            StringBuilder s = new StringBuilder("[");
            for (Object item : (List<?>) value) {
                if (s.length() > 1) s.append(',');
                s.append(json(item));
            }
            return s.append(']').toString();
        }
        String text = value.toString();
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': s.append("\\\""); break;
                case '\\': s.append("\\\\"); break;
                case '\n': s.append("\\n"); break;
                case '\r': s.append("\\r"); break;
                case '\t': s.append("\\t"); break;
                default:
                    // ASCII only: stdout's charset is the locale's, which may not be UTF-8.
                    if (c < 0x20 || c > 0x7e) s.append(String.format("\\u%04x", (int) c));
                    else s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
