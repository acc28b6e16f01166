<?php
// imwsi interop client for PHP SoapClient (ext-soap), driven by test/interop/php.test.ts.
// Usage: php client.php WSDL_URL USER PASSWORD OTHER_RECIPIENT CONTENT_BASE64 [SOAP_VERSION]
// Builds its client from the served WSDL only, sends CONTENT to USER and OTHER_RECIPIENT, reads it back from
// USER's inbox, acknowledges it, provokes one fault, and prints one JSON report on stdout.
// SoapClient has no WS-Security support, so the UsernameToken header is built by hand (PasswordDigest).
// SoapClient takes the envelope version from its soap_version option, never from the WSDL's binding: with
// the SOAP 1.2 view of the WSDL it still sends SOAP 1.1 unless told, hence SOAP_VERSION (1.1 or 1.2).

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const TOKEN_PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';

[, $wsdl, $user, $password, $other, $contentBase64] = $argv;
$soapVersion = ($argv[6] ?? '1.1') === '1.2' ? SOAP_1_2 : SOAP_1_1;
$content = base64_decode($contentBase64, true);

// WS-Security 1.0 UsernameToken: Base64(SHA-1(nonce bytes + Created + password)); a fresh nonce per request.
function securityHeader(string $user, string $password): SoapHeader {
    $nonce = random_bytes(16);
    $created = gmdate('Y-m-d\TH:i:s\Z');
    $digest = base64_encode(sha1($nonce . $created . $password, true));
    $xml = '<wsse:Security xmlns:wsse="' . WSSE . '" xmlns:wsu="' . WSU . '"><wsse:UsernameToken>'
        . '<wsse:Username>' . htmlspecialchars($user, ENT_XML1) . '</wsse:Username>'
        . '<wsse:Password Type="' . TOKEN_PROFILE . '#PasswordDigest">' . $digest . '</wsse:Password>'
        . '<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">'
        . base64_encode($nonce) . '</wsse:Nonce>'
        . '<wsu:Created>' . $created . '</wsu:Created></wsse:UsernameToken></wsse:Security>';
    return new SoapHeader(WSSE, 'Security', new SoapVar($xml, XSD_ANYXML));
}

// Every call gets a new header (new nonce): the gateway refuses a replayed nonce.
function call(SoapClient $client, string $operation, array $args, string $user, string $password) {
    $client->__setSoapHeaders([securityHeader($user, $password)]);
    return $client->__soapCall($operation, [$args]);
}

// SoapClient returns one object where the schema allows many (maxOccurs="unbounded" with one item).
function asList($value): array {
    if ($value === null) return [];
    return is_array($value) ? $value : [$value];
}

$client = new SoapClient($wsdl, ['soap_version' => $soapVersion, 'exceptions' => true, 'cache_wsdl' => WSDL_CACHE_NONE]);
$report = ['stack' => 'php-soapclient ' . PHP_VERSION];

$sent = call($client, 'SendMessages', ['message' => [[
    'recipient' => [$user, $other],
    'contentType' => 'text/plain; charset=utf-8',
    'content' => $content, // SoapClient base64-encodes strings for xsd:base64Binary
    'subject' => 'php interop',
    'clientMessageId' => 'php-' . bin2hex(random_bytes(8)),
]]], $user, $password);
$result = asList($sent->result)[0];
$report['messageId'] = $result->messageId;
$report['expiresAt'] = $result->expiresAt;
$report['recipientStatus'] = array_map(fn($r) => $r->status, asList($result->recipientResult));

$batch = call($client, 'GetMessages', ['waitSeconds' => 5], $user, $password);
$mine = array_values(array_filter(asList($batch->message ?? null), fn($m) => $m->messageId === $result->messageId));
$report['received'] = count($mine);
if ($mine) {
    $report['receivedHex'] = bin2hex($mine[0]->content); // decoded from base64 by SoapClient
    $report['sequenceNumber'] = $mine[0]->sequenceNumber;
    $report['sender'] = $mine[0]->sender;
}
$report['acknowledged'] = call($client, 'AckMessages', ['ackToken' => $batch->ackToken], $user, $password)->acknowledged;

try {
    call($client, 'GetDeliveryStatus', ['messageId' => 'no-such-message'], $user, $password);
    $report['fault'] = null;
} catch (SoapFault $fault) {
    // The Parlay X detail is mapped from the WSDL fault message: detail->ServiceException->messageId.
    $detail = $fault->detail->ServiceException ?? null;
    $report['fault'] = [
        'faultcode' => $fault->faultcode,
        'type' => $detail ? 'ServiceException' : null,
        'messageId' => $detail->messageId ?? null,
        'text' => $detail->text ?? null,
        'variables' => asList($detail->variables ?? null),
    ];
}
echo json_encode($report, JSON_UNESCAPED_SLASHES), "\n";
