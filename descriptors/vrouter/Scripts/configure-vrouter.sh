#!/bin/sh
# Day-0 configuration hook run after instantiation (sample).
echo "configuring vRouter"
