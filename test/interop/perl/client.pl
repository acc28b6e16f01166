#!/usr/bin/perl
# imwsi interop client for Perl SOAP::Lite, driven by test/interop/perl.test.ts.
# Usage: perl client.pl WSDL_URL USER PASSWORD OTHER_RECIPIENT CONTENT_BASE64
# Sends CONTENT to USER and OTHER_RECIPIENT, reads it back from USER's inbox, acknowledges it, provokes one
# fault, and prints one JSON report on stdout.
#
# SOAP::Lite's WSDL support targets rpc/encoded: its generated stubs push every argument through an
# as_<type> serializer, which does not exist for our complex types. So the WSDL is parsed with SOAP::Schema
# (the same parser SOAP::Lite->service uses) for each operation's endpoint, SOAPAction and namespace, and the
# document/literal body is built with SOAP::Data, untyped (autotype off) and qualified by a default namespace.
# SOAP::Lite has no WS-Security: the UsernameToken header (PasswordDigest) is built by hand.
use strict;
use warnings;
use Digest::SHA qw(sha1);
use JSON::PP;
use MIME::Base64 qw(encode_base64 decode_base64);
use POSIX qw(strftime);
use SOAP::Lite;

my $WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
my $WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
my $PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';

my ($wsdl, $user, $password, $other, $content_base64) = @ARGV;
my $content = decode_base64($content_base64);

my $services = SOAP::Schema->schema_url($wsdl)->parse()->services;
my ($service) = values %$services;
die "no service in $wsdl\n" unless $service;

sub random_bytes {
    open my $fh, '<:raw', '/dev/urandom' or die "urandom: $!";
    read $fh, my $bytes, shift;
    close $fh;
    return $bytes;
}

sub xml_escape {
    my $s = shift;
    $s =~ s/&/&amp;/g; $s =~ s/</&lt;/g; $s =~ s/>/&gt;/g;
    return $s;
}

# WS-Security 1.0 UsernameToken: Base64(SHA-1(nonce bytes + Created + password)); a fresh nonce per call.
sub security_header {
    my $nonce = random_bytes(16);
    my $created = strftime('%Y-%m-%dT%H:%M:%SZ', gmtime);
    my $digest = encode_base64(sha1($nonce . $created . $password), '');
    my $xml = qq(<wsse:Security xmlns:wsse="$WSSE" xmlns:wsu="$WSU"><wsse:UsernameToken>)
        . '<wsse:Username>' . xml_escape($user) . '</wsse:Username>'
        . qq(<wsse:Password Type="$PROFILE#PasswordDigest">$digest</wsse:Password>)
        . '<wsse:Nonce>' . encode_base64($nonce, '') . '</wsse:Nonce>'
        . "<wsu:Created>$created</wsu:Created></wsse:UsernameToken></wsse:Security>";
    return SOAP::Header->type(xml => $xml);
}

sub call {
    my ($operation, @children) = @_;
    my $method = $service->{$operation} or die "operation $operation is not in the WSDL\n";
    # SOAP::Schema keeps these as parsed XML nodes; like its stub generator, use their string values.
    my ($endpoint, $action, $namespace) = map { "$method->{$_}" } qw(endpoint soapaction namespace);
    my $soap = SOAP::Lite->proxy($endpoint)->default_ns($namespace);
    $soap->on_action(sub { qq("$action") });
    $soap->autotype(0);
    $soap->on_fault(sub { my (undef, $res) = @_; return $res });  # faults come back as a SOAP::SOM
    # WS-I BP R1005: no soap:encodingStyle in a literal message (SOAP::Lite adds one by default).
    $soap->serializer->encodingStyle('');
    return $soap->call($operation => @children, security_header());
}

sub el { SOAP::Data->name(@_) }
sub as_list { my $v = shift; return () unless defined $v; return ref $v eq 'ARRAY' ? @$v : ($v) }

my %report = (stack => "perl-soap-lite $SOAP::Lite::VERSION");

my $sent = call('SendMessages', el(message => \SOAP::Data->value(
    el(recipient => $user),
    el(recipient => $other),
    el(contentType => 'text/plain; charset=utf-8'),
    el(content => encode_base64($content, '')),  # xsd:base64Binary: encoded here, untyped on the wire
    el(subject => 'perl interop'),
    el(clientMessageId => 'perl-' . unpack('H*', random_bytes(8))),
)));
die 'SendMessages failed: ' . $sent->faultstring . "\n" if $sent->fault;
my $result = $sent->valueof('//SendMessagesResponse/result');
$report{messageId} = $result->{messageId};
$report{expiresAt} = $result->{expiresAt};
$report{recipientStatus} = [map { $_->{status} } $sent->valueof('//SendMessagesResponse/result/recipientResult')];

my $batch = call('GetMessages', el(waitSeconds => 5));
die 'GetMessages failed: ' . $batch->faultstring . "\n" if $batch->fault;
my @mine = grep { $_->{messageId} eq $result->{messageId} } $batch->valueof('//GetMessagesResponse/message');
$report{received} = scalar @mine;
if (@mine) {
    $report{receivedHex} = unpack('H*', decode_base64($mine[0]{content}));
    $report{sequenceNumber} = $mine[0]{sequenceNumber};
    $report{sender} = $mine[0]{sender};
}
my $ack = call('AckMessages', el(ackToken => $batch->valueof('//GetMessagesResponse/ackToken')));
die 'AckMessages failed: ' . $ack->faultstring . "\n" if $ack->fault;
$report{acknowledged} = $ack->valueof('//AckMessagesResponse/acknowledged');

my $fault = call('GetDeliveryStatus', el(messageId => 'no-such-message'));
if ($fault->fault) {
    my $detail = $fault->faultdetail // {};
    my ($type) = grep { /Exception$/ } keys %$detail;
    my $exception = $type ? $detail->{$type} : {};
    $report{fault} = {
        faultcode => $fault->faultcode,
        type => $type,
        messageId => $exception->{messageId},
        text => $exception->{text},
        variables => [as_list($exception->{variables})],
    };
} else {
    $report{fault} = undef;
}
print JSON::PP->new->canonical->encode(\%report), "\n";
