#!/usr/bin/perl
# SOAP::Lite's out-of-the-box call, without default_ns: the body element goes out with no namespace. The
# gateway must name the problem (SVC1008, with the namespace to use) instead of calling the operation unknown.
# Usage: perl unqualified.pl WSDL_URL    Prints the fault's Parlay X detail as JSON.
use strict;
use warnings;
use JSON::PP;
use SOAP::Lite;

my ($wsdl) = @ARGV;
my ($service) = values %{ SOAP::Schema->schema_url($wsdl)->parse()->services };
my $soap = SOAP::Lite->proxy("$service->{GetMessages}{endpoint}");
$soap->on_fault(sub { my (undef, $res) = @_; return $res });
my $som = $soap->call('GetMessages');
my $detail = ref $som && $som->fault ? $som->faultdetail->{ServiceException} : undef;
print JSON::PP->new->canonical->encode({ faultstring => ref $som ? $som->faultstring : "$som", detail => $detail }), "\n";
