#!/usr/bin/perl
# SOAP::Lite's out-of-the-box call, without default_ns: soap:encodingStyle on the Envelope (SOAP encoding, refused
# with SVC1010 naming it) and the body element with no namespace. With "literal" the encodingStyle is dropped, and
# the gateway must name the second problem (SVC1008, with the namespace to use) instead of calling the operation
# unknown.
# Usage: perl unqualified.pl WSDL_URL [literal]    Prints the fault's Parlay X detail as JSON.
use strict;
use warnings;
use JSON::PP;
use SOAP::Lite;

my ($wsdl, $mode) = @ARGV;
my ($service) = values %{ SOAP::Schema->schema_url($wsdl)->parse()->services };
my $soap = SOAP::Lite->proxy("$service->{GetMessages}{endpoint}");
$soap->on_fault(sub { my (undef, $res) = @_; return $res });
$soap->serializer->encodingStyle('') if ($mode // '') eq 'literal';
my $som = $soap->call('GetMessages');
my $detail = ref $som && $som->fault ? $som->faultdetail->{ServiceException} : undef;
print JSON::PP->new->canonical->encode({ faultstring => ref $som ? $som->faultstring : "$som", detail => $detail }), "\n";
