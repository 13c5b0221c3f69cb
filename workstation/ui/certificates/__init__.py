"""Certificates, certified copies, apostilles and minister licences on screen."""
