// strong-soap ships no types; tests use it as a second, independent SOAP client only.
declare module 'strong-soap';
